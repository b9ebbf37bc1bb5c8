/**
 * What a virtio-blk device stores its sectors in, on the host: an image
 * file (QEMU's `-drive file=disk.img,format=raw`) or memory (tests). Reads
 * and writes are synchronous and land at once; `flush` makes every write
 * so far durable — for a file, an fsync — so a guest that flushed loses
 * nothing if pvlab is killed afterwards.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';

export interface BlockBackend {
  /** Size in bytes. */
  readonly size: number;
  /** Writes are refused (the device offers VIRTIO_BLK_F_RO). */
  readonly readOnly: boolean;
  /** Fill `into` from byte `offset` (in bounds: the device checked). */
  read(offset: number, into: Uint8Array): void;
  /** Store `from` at byte `offset` (in bounds; never called when read-only). */
  write(offset: number, from: Uint8Array): void;
  /** Make every write so far durable. */
  flush(): void;
  /** Release the host resource (the file). */
  close(): void;
}

/** A host error on the image (the disk failed, not the guest): the device answers VIRTIO_BLK_S_IOERR. */
export class BackendError extends Error {}

/** A raw disk image file, opened read-write (or read-only). */
export class ImageFile implements BlockBackend {
  readonly size: number;
  private fd: number | undefined;

  private constructor(fd: number, readonly path: string, readonly readOnly: boolean) {
    this.fd = fd;
    this.size = fstatSync(fd).size;
  }

  /** Open `path`; a file that cannot be opened is an `Error` with the reason, for the user. */
  static open(path: string, readOnly = false): ImageFile {
    let fd: number;
    try {
      fd = openSync(path, readOnly ? 'r' : 'r+');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(`cannot open disk image '${path}'${code === 'ENOENT' ? ': no such file' : code === 'EACCES' || code === 'EROFS' ? ': permission denied (try readonly)' : ''}`);
    }
    return new ImageFile(fd, path, readOnly);
  }

  private handle(): number {
    if (this.fd === undefined) throw new BackendError(`disk image '${this.path}' is closed`);
    return this.fd;
  }

  read(offset: number, into: Uint8Array): void {
    this.io(() => {
      let done = 0;
      while (done < into.length) {
        const n = readSync(this.handle(), into, done, into.length - done, offset + done);
        if (n === 0) {
          into.fill(0, done); // a file shorter than its last sector reads zeros
          return;
        }
        done += n;
      }
    });
  }

  write(offset: number, from: Uint8Array): void {
    this.io(() => {
      let done = 0;
      while (done < from.length) done += writeSync(this.handle(), from, done, from.length - done, offset + done);
    });
  }

  flush(): void {
    this.io(() => fsyncSync(this.handle()));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private io(f: () => void): void {
    try {
      f();
    } catch (e) {
      if (e instanceof BackendError) throw e;
      throw new BackendError(`disk image '${this.path}': ${(e as Error).message}`);
    }
  }
}

/** A disk in memory (tests, and scratch disks). */
export class MemoryDisk implements BlockBackend {
  /** Times `flush` was called. */
  flushes = 0;

  constructor(readonly bytes: Uint8Array, readonly readOnly = false) {}

  get size(): number {
    return this.bytes.length;
  }

  read(offset: number, into: Uint8Array): void {
    into.set(this.bytes.subarray(offset, offset + into.length));
  }

  write(offset: number, from: Uint8Array): void {
    this.bytes.set(from, offset);
  }

  flush(): void {
    this.flushes++;
  }

  close(): void {}
}
