/**
 * A small GDB remote protocol client for the server's tests: packets out
 * with checksums, replies in with acknowledgements, every wait bounded.
 */
import { connect, type Socket } from 'node:net';
import { checksum, framePacket } from '../../../src/gdb/packets.js';

export class RspClient {
  private buf = '';
  private waiters: (() => void)[] = [];
  closed = false;
  /** Every reply packet seen, in order (O packets included). */
  readonly seen: string[] = [];

  private constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      this.buf += d;
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => {});
  }

  static open(port: number, host = '127.0.0.1'): Promise<RspClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, host, () => resolve(new RspClient(s)));
      s.once('error', reject);
    });
  }

  /** Raw bytes to the server. */
  write(bytes: string): void {
    this.socket.write(Buffer.from(bytes, 'latin1'));
  }

  /** Wait until `test` finds what it needs in the buffer, or `ms` pass. */
  private async until<T>(test: () => T | undefined, ms: number): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const r = test();
      if (r !== undefined) return r;
      if (this.closed) throw new Error(`connection closed; buffer: ${JSON.stringify(this.buf)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply within ${ms} ms; buffer: ${JSON.stringify(this.buf.slice(0, 200))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
  }

  /** The next packet from the server (its data), acknowledged; acks before it are skipped. */
  async packet(ms = 10_000): Promise<string> {
    return this.until(() => {
      const m = /^[+-]*\$([^#]*)#([0-9a-f]{2})/.exec(this.buf);
      if (!m) return undefined;
      this.buf = this.buf.slice(m[0].length);
      if (checksum(m[1]) !== parseInt(m[2], 16)) throw new Error(`bad checksum from the server: ${m[0]}`);
      this.write('+');
      const data = m[1].replace(/\}(.)/gs, (_, c: string) => String.fromCharCode(c.charCodeAt(0) ^ 0x20));
      this.seen.push(data);
      return data;
    }, ms);
  }

  /** The next single byte the server sends (an ack), or undefined when none comes in `ms`. */
  async ack(ms = 2000): Promise<string | undefined> {
    try {
      return await this.until(() => {
        if (this.buf[0] !== '+' && this.buf[0] !== '-') return undefined;
        const c = this.buf[0];
        this.buf = this.buf.slice(1);
        return c;
      }, ms);
    } catch {
      return undefined;
    }
  }

  /** Send a command and return its reply, skipping `O` console packets (kept in `seen`). */
  async ask(data: string, ms = 10_000): Promise<string> {
    this.write(framePacket(data));
    for (;;) {
      const p = await this.packet(ms);
      if (!/^O[0-9a-f]/.test(p)) return p;
    }
  }

  /** Console text the server sent in `O` packets so far. */
  consoleText(): string {
    return this.seen.filter((p) => /^O[0-9a-f]/.test(p)).map((p) => Buffer.from(p.slice(1), 'hex').toString('utf8')).join('');
  }

  close(): void {
    this.socket.destroy();
  }

  /** Wait for the server to close the connection. */
  async closedByServer(ms = 5000): Promise<void> {
    await this.until(() => (this.closed ? true : undefined), ms).catch(() => {
      throw new Error('the server did not close the connection');
    });
  }
}
