import type { RawData } from 'ws';
import type { OpenWebSocket } from '../http/safe-websocket.js';

export interface JetstreamSessionLimits {
  maxEvents: number;
  maxMs: number;
  signal?: AbortSignal;
}

export interface JetstreamSession {
  /** The messages received, as text, in arrival order. */
  messages: string[];
  /** Set when the server ended the connection before a bound was reached. */
  endedEarly: string | null;
}

/**
 * One bounded visit to the firehose: connect, take messages until `maxEvents` arrived or
 * `maxMs` passed, then close and wait for the close to complete. The firehose never ends by
 * itself, so a poll must; the next poll resumes from the cursor.
 */
export async function readJetstreamSession(openSocket: OpenWebSocket, url: string, limits: JetstreamSessionLimits): Promise<JetstreamSession> {
  const socket = await openSocket(url, limits.signal);
  const messages: string[] = [];
  let endedEarly: string | null = null;
  let stopping = false;

  return new Promise<JetstreamSession>((resolve, reject) => {
    const stop = () => {
      if (stopping) return;
      stopping = true;
      clearTimeout(deadline);
      socket.close(1000, 'poll complete');
    };
    const onAbort = () => {
      stopping = true;
      clearTimeout(deadline);
      socket.terminate();
      reject(limits.signal?.reason);
    };
    const deadline = setTimeout(stop, limits.maxMs);
    limits.signal?.addEventListener('abort', onAbort, { once: true });

    socket.on('message', (data: RawData, isBinary: boolean) => {
      // Messages already on their way when we stopped are not counted: the cursor stays exact.
      if (stopping || isBinary) return;
      messages.push(rawText(data));
      if (messages.length >= limits.maxEvents) stop();
    });
    socket.on('error', (error) => {
      if (!stopping) endedEarly = `the firehose connection failed: ${error.message}`;
      stop();
    });
    socket.on('close', (code) => {
      clearTimeout(deadline);
      limits.signal?.removeEventListener('abort', onAbort);
      if (!stopping && endedEarly === null) endedEarly = `the firehose closed the connection early (code ${code})`;
      stopping = true;
      resolve({ messages, endedEarly });
    });
    socket.resume();
  });
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
