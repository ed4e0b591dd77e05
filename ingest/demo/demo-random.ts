/**
 * The seeded randomness behind the demo data. Every draw comes from mulberry32 (small, fast, and good enough for
 * plausible figures), and every entity gets its own stream derived from the seed and its position, so a producer or
 * a site can be regenerated alone, in any order, with the same result: that is what lets the generator stream a
 * million submissions without keeping them.
 */
import { createHash } from 'node:crypto';

export class DemoRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** Log-uniform in [min, max): sizes and quantities are skewed, with many small and few large. */
  logBetween(min: number, max: number): number {
    return Math.exp(this.between(Math.log(min), Math.log(max)));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** A key drawn in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let draw = this.next() * total;
    for (const [key, weight] of entries) {
      draw -= weight;
      if (draw < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}

/**
 * A seed for one entity's own stream: FNV-1a over the seed and the parts, then a murmur3 finaliser so that
 * neighbouring indices give unrelated streams.
 */
export function deriveSeed(seed: number, ...parts: (string | number)[]): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (const char of `${seed}|${parts.join('|')}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The stream of one entity: `streamFor(seed, 'site', 12, 0)`. */
export function streamFor(seed: number, ...parts: (string | number)[]): DemoRandom {
  return new DemoRandom(deriveSeed(seed, ...parts));
}

/**
 * A version 4 UUID for one entity, lower-case as KoboToolbox writes them. Its 122 random bits come from a SHA-256 of
 * the seed and the parts, not from a stream: a stream's state is 32 bits, so a million submissions drawn that way
 * share about a hundred UUIDs (the birthday bound of 2^32), and a shared UUID lands as an edit of another submission.
 */
export function uuidFor(seed: number, ...parts: (string | number)[]): string {
  const bytes = createHash('sha256').update(`${seed >>> 0}|${parts.join('|')}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
