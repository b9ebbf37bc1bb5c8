/**
 * One debugger's connection: the protocol's acknowledgements (`+`, `-` to
 * send the last packet again, until no-ack mode), packets to their handlers
 * (commands.ts), stop replies when the program stops, Ctrl-C while it runs,
 * and its end — detach, kill, or the debugger simply going away, after which
 * the program runs on by itself. Nothing a debugger sends can throw out of
 * here: a packet that does not parse gets an error reply, a broken stream
 * closes the connection.
 */
import { MAX_PACKET, PacketReader, framePacket, type Incoming } from './packets.js';
import { ERR, handlePacket, stopReply, type Session } from './commands.js';
import type { RunControl } from './run-control.js';

/** A byte stream to the debugger (a TCP socket, or stdin and stdout). */
export interface Channel {
  write(bytes: string): void;
  /** Close after what was written has gone out. */
  close(): void;
}

/** Packets held while the program runs (gdb sends none but Ctrl-C then; more are dropped). */
const MAX_HELD = 16;
/** Console text per `O` packet (it is sent as hex). */
const O_CHUNK = (MAX_PACKET - 2) >> 1;

export class Connection {
  private readonly reader = new PacketReader();
  private readonly session: Session;
  private lastSent = '';
  private readonly held: string[] = [];
  private closed = false;

  constructor(
    private readonly control: RunControl,
    private readonly channel: Channel,
    /** Told of a handler that threw: a pvlab bug, reported, never fatal. */
    private readonly onBug: (message: string) => void = () => {},
  ) {
    const target = control.target;
    this.session = {
      target, control, gThread: target.running(), cThread: undefined, noAck: false,
      output: (text) => this.output(text),
    };
    control.notify = () => this.flushNotes();
    control.attach();
  }

  /** Bytes from the debugger. */
  receive(bytes: Uint8Array): void {
    if (this.closed) return;
    for (const ev of this.reader.push(bytes)) this.event(ev);
  }

  /** The debugger went away (or the channel broke): the program runs on without it. */
  disconnected(): void {
    if (this.closed) return;
    this.closed = true;
    this.control.notify = undefined;
    this.control.detach();
  }

  /** The run ended (the program shut down, or was killed): say goodbye if still connected. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.control.notify = undefined;
    this.channel.close();
  }

  private event(ev: Incoming): void {
    switch (ev.kind) {
      case 'ack':
        return;
      case 'nak':
        if (this.lastSent) this.channel.write(this.lastSent);
        return;
      case 'interrupt':
        this.control.interrupt();
        return;
      case 'bad-checksum':
        if (!this.session.noAck) this.channel.write('-');
        return;
      case 'too-long':
        if (!this.session.noAck) this.channel.write('+');
        this.send(ERR.parse);
        return;
      case 'packet':
        if (!this.session.noAck) this.channel.write('+');
        if (this.control.isRunning) {
          if (this.held.length < MAX_HELD) this.held.push(ev.data);
          return;
        }
        this.packet(ev.data);
    }
  }

  private packet(data: string): void {
    let reply;
    try {
      reply = handlePacket(this.session, data);
    } catch (e) {
      this.onBug(`gdb: packet '${data.slice(0, 40)}': ${(e as Error).message}`);
      reply = ERR.invalid;
    }
    if (typeof reply === 'string') return this.send(reply);
    if ('resume' in reply) {
      this.control.resume(reply.resume, (stop) => {
        if (this.closed) return;
        this.flushNotes();
        this.send(stopReply(stop));
        // What gdb sent while the program ran, answered now that it has stopped.
        for (const p of this.held.splice(0)) if (!this.control.isRunning && !this.closed) this.packet(p);
      });
      return;
    }
    if ('detach' in reply) {
      this.send(reply.detach);
      this.channel.close();
      this.disconnected();
      return;
    }
    if (reply.kill !== undefined) this.send(reply.kill);
    this.control.kill();
  }

  private send(data: string): void {
    if (this.closed) return;
    this.lastSent = framePacket(data);
    this.channel.write(this.lastSent);
  }

  /** Console text for the debugger: `O` packets. */
  private output(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < bytes.length; i += O_CHUNK) this.send('O' + bytes.subarray(i, i + O_CHUNK).toString('hex'));
  }

  private flushNotes(): void {
    const notes = this.control.takeNotes();
    if (notes.length) this.output(notes.join(''));
  }
}
