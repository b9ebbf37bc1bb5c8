/**
 * One migration connection, message by message: `send` frames and writes
 * (waiting while the socket's buffer is full, so a slow peer holds the
 * sender back instead of its memory growing), `next` waits for the next
 * message (bounded in time), and a peer that goes away — closed, reset,
 * killed — rejects whatever waits with a ChannelClosed that says so.
 */
import type { Socket } from 'node:net';
import { MessageReader, WireError, frame, jsonPayload, parseJson, type Message, type MessageName } from './wire.js';

/** The peer went away, or the stream broke. */
export class ChannelClosed extends Error {}

/** How long a side waits for the other's next message by default (ms). */
export const WAIT_MS = 30_000;
/** Messages held unread: a peer that floods is cut off. */
const QUEUE_MAX = 64;

export class Channel {
  private readonly reader = new MessageReader();
  private readonly queue: Message[] = [];
  private waiter: { resolve: (m: Message) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;
  /** Bytes written so far (the migration's "bytes sent"). */
  sent = 0;

  constructor(private readonly socket: Socket, readonly peer: string) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      if (this.failure) return;
      try {
        for (const m of this.reader.push(d)) this.deliver(m);
      } catch (e) {
        this.fail(e instanceof WireError ? new ChannelClosed(`${peer}: ${e.message}`) : (e as Error));
        socket.destroy();
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => this.fail(new ChannelClosed(`${peer} went away (${e.code ?? e.message})`)));
    socket.on('end', () => this.fail(new ChannelClosed(`${peer} closed the connection`)));
    socket.on('close', () => this.fail(new ChannelClosed(`${peer} closed the connection`)));
  }

  /** Frame and send a message; resolves once the socket took it (waits while its buffer is full). */
  async send(type: MessageName, payload?: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    const bytes = frame(type, payload);
    this.sent += bytes.length;
    if (!this.socket.write(bytes)) {
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          this.socket.off('drain', done);
          this.socket.off('close', done);
          this.failure ? reject(this.failure) : resolve();
        };
        this.socket.on('drain', done);
        this.socket.on('close', done);
      });
    }
  }

  /** Send a JSON message. */
  sendJson(type: MessageName, value: unknown): Promise<void> {
    return this.send(type, jsonPayload(value));
  }

  /** The next message (an `error` message from the peer is thrown as its text); at most `ms` to wait. */
  async next(ms = WAIT_MS): Promise<Message> {
    const m = this.queue.shift() ?? (await this.wait(ms));
    if (m.type === 'error') throw new ChannelClosed(`${this.peer}: ${parseJson<{ error: string }>(m).error}`);
    return m;
  }

  /** The next message, which must be of type `type`. */
  async expect(type: MessageName, ms = WAIT_MS): Promise<Message> {
    const m = await this.next(ms);
    if (m.type !== type) throw new ChannelClosed(`${this.peer} sent ${m.type} where ${type} was due`);
    return m;
  }

  /** Tell the peer why the transfer is off, then close (best effort: it may be gone). */
  async abort(why: string): Promise<void> {
    if (!this.failure) {
      try {
        await this.sendJson('error', { error: why });
      } catch { /* the peer went away first */ }
    }
    this.close();
  }

  close(): void {
    this.fail(new ChannelClosed('the connection was closed'));
    this.socket.destroy();
  }

  private wait(ms: number): Promise<Message> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new ChannelClosed(`${this.peer} sent nothing for ${Math.round(ms / 1000)} s`));
      }, ms);
      this.waiter = {
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
    });
  }

  private deliver(m: Message): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w.resolve(m);
    } else if (this.queue.push(m) > QUEUE_MAX) {
      this.fail(new ChannelClosed(`${this.peer} sent more than ${QUEUE_MAX} messages unasked`));
      this.socket.destroy();
    }
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(e);
  }
}
