import { secretVariants } from "./secret-variants.ts";

/** One spelling of a secret and what it becomes. */
interface Replacement {
  find: Uint8Array;
  replace: Uint8Array;
}

const encoder = new TextEncoder();

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  if (first === undefined) return -1;
  let index = haystack.indexOf(first, from);
  while (index !== -1 && index + needle.length <= haystack.length) {
    let matched = true;
    for (let offset = 1; offset < needle.length; offset++) {
      if (haystack[index + offset] !== needle[offset]) {
        matched = false;
        break;
      }
    }
    if (matched) return index;
    index = haystack.indexOf(first, index + 1);
  }
  return -1;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  if (first.length === 0) return second;
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}

/**
 * Replaces every spelling of the given secrets (secretVariants) by the stub that stands for it, in header
 * values and in bodies streamed chunk by chunk: a chunk's tail that could be the start of a spelling (at
 * most the longest spelling − 1 bytes) is held back until the next one arrives, so a secret split across
 * chunks is still found, while memory stays bounded by one chunk plus that tail.
 */
export class SecretReplacer {
  private readonly replacements: Replacement[];
  private readonly textReplacements: Array<{ find: string; replace: string }>;
  private readonly longest: number;

  constructor(secrets: ReadonlyArray<{ secret: string; stub: string }>) {
    this.textReplacements = secrets
      .flatMap(({ secret, stub }) => secretVariants(secret).map((find) => ({ find, replace: stub })))
      .sort((a, b) => b.find.length - a.find.length);
    this.replacements = this.textReplacements.map(({ find, replace }) => ({
      find: encoder.encode(find),
      replace: encoder.encode(replace),
    }));
    this.longest = Math.max(0, ...this.replacements.map((replacement) => replacement.find.length));
  }

  get isEmpty(): boolean {
    return this.replacements.length === 0;
  }

  replaceInText(text: string): string {
    let replaced = text;
    for (const { find, replace } of this.textReplacements) replaced = replaced.split(find).join(replace);
    return replaced;
  }

  /** A stream that passes bytes through with every secret replaced by its stub. */
  stream(): TransformStream<Uint8Array, Uint8Array> {
    let carry: Uint8Array = new Uint8Array(0);
    return new TransformStream({
      transform: (chunk, controller) => {
        const { output, rest } = this.scan(concat(carry, chunk), false);
        carry = rest;
        for (const part of output) if (part.length > 0) controller.enqueue(part);
      },
      flush: (controller) => {
        const { output } = this.scan(carry, true);
        for (const part of output) if (part.length > 0) controller.enqueue(part);
      },
    });
  }

  /**
   * Replaces matches that start before the decided end (every spelling fits in the buffer from there);
   * returns what is settled and the undecided tail. Leftmost match wins, the longest at a tie.
   */
  private scan(buffer: Uint8Array, final: boolean): { output: Uint8Array[]; rest: Uint8Array } {
    const decidedEnd = final ? buffer.length : Math.max(0, buffer.length - this.longest + 1);
    const next = this.replacements.map(() => -2);
    const output: Uint8Array[] = [];
    let emittedTo = 0;
    while (emittedTo < decidedEnd) {
      let best: { at: number; replacement: Replacement } | undefined;
      for (const [index, replacement] of this.replacements.entries()) {
        let at = next[index] ?? -2;
        if (at !== -1 && at < emittedTo) at = indexOfBytes(buffer, replacement.find, emittedTo);
        next[index] = at;
        if (at !== -1 && at < decidedEnd && (best === undefined || at < best.at)) best = { at, replacement };
      }
      if (best === undefined) break;
      output.push(buffer.subarray(emittedTo, best.at), best.replacement.replace);
      emittedTo = best.at + best.replacement.find.length;
    }
    let settled = Math.max(emittedTo, decidedEnd);
    // Of the undecided tail, only what could still begin a spelling is held: a stream (SSE) is not delayed.
    while (settled < buffer.length && !this.couldMatchAt(buffer, settled)) settled++;
    output.push(buffer.subarray(emittedTo, settled));
    return { output, rest: buffer.slice(settled) };
  }

  /** Whether some spelling agrees with the buffer from `at` for as many bytes as both have. */
  private couldMatchAt(buffer: Uint8Array, at: number): boolean {
    return this.replacements.some(({ find }) => {
      const overlap = Math.min(find.length, buffer.length - at);
      for (let offset = 0; offset < overlap; offset++) if (buffer[at + offset] !== find[offset]) return false;
      return true;
    });
  }
}
