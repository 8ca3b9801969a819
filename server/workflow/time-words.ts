/** A time as the board shows it in messages: `14:05 UTC`. */
export function timeOfDay(at: string | Date): string {
  const iso = typeof at === 'string' ? at : at.toISOString();
  return `${iso.slice(11, 16)} UTC`;
}
