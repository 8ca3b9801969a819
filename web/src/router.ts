import { signal } from '@preact/signals';

/** The views of the board, addressed by the page's hash so links and the back button work. */
export type Route =
  | { view: 'board' }
  | { view: 'opportunity'; id: string }
  | { view: 'draft'; id: string }
  | { view: 'reviews' }
  | { view: 'schedule' }
  | { view: 'stories' }
  | { view: 'sources' }
  | { view: 'dashboard' };

export function parseRoute(hash: string): Route {
  // A view's settings may follow a `?` (`#/dashboard?range=7d`): they are the view's own business.
  const [view = '', rawId] = hash.replace(/^#\/?/, '').split('?')[0]!.split('/');
  const id = rawId ? decodeURIComponent(rawId) : null;
  switch (view) {
    case 'opportunity':
      return id ? { view, id } : { view: 'board' };
    case 'draft':
      return id ? { view, id } : { view: 'board' };
    case 'reviews':
    case 'schedule':
    case 'stories':
    case 'sources':
    case 'dashboard':
      return { view };
    default:
      return { view: 'board' };
  }
}

export function hrefOf(route: Route): string {
  return 'id' in route ? `#/${route.view}/${encodeURIComponent(route.id)}` : `#/${route.view}`;
}

/** The current route; views read it, links and `navigate` change it. */
export const route = signal<Route>(parseRoute(location.hash));

window.addEventListener('hashchange', () => {
  route.value = parseRoute(location.hash);
});

export function navigate(next: Route): void {
  location.hash = hrefOf(next);
}
