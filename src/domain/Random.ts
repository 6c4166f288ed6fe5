/**
 * Seeded pseudo-random numbers: xoshiro128** seeded through splitmix32. The only source of randomness in the
 * system (design principle 5): the same seed and label always give the same stream, on every platform.
 */

const TWO_POW_32 = 4_294_967_296

/** 32-bit FNV-1a hash of a string's UTF-16 code units: turns a label such as "BTC/USD" into stream seed material. */
export const hashString = (text: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** One splitmix32 output for `x`: a full-avalanche mix, used to spread seed bits over the generator state. */
const mix32 = (x: number): number => {
  let z = (x + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k))

/** One step of xoshiro128** (Blackman and Vigna) on a 4-word state: advances `s`, returns a uint32 output. */
export const xoshiro128ss = (s: Int32Array): number => {
  const a = s[0]!
  const b = s[1]!
  const c = s[2]! ^ a
  const d = s[3]! ^ b
  s[0] = a ^ d
  s[1] = b ^ c
  s[2] = c ^ (b << 9)
  s[3] = rotl(d, 11)
  return Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0
}

export class Random {
  // Typed arrays rather than number fields: V8 would box every 32-bit or double field write (a GC-heavy hot path)
  private readonly s = new Int32Array(4)
  private readonly spare = new Float64Array([Number.NaN])

  /**
   * A stream for an integer `seed` (any safe integer, negative allowed) and an optional `label`: streams with
   * different labels are independent, so each symbol or component can draw without disturbing the others.
   */
  constructor(seed: number, label = "") {
    const lo = seed >>> 0
    const hi = Math.floor(seed / TWO_POW_32) >>> 0
    let x = mix32(lo ^ mix32(hi ^ mix32(hashString(label))))
    for (let i = 0; i < 4; i++) this.s[i] = x = mix32(x)
    // xoshiro's all-zero state is a fixed point; splitmix makes it practically impossible, this makes it impossible
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1
  }

  /** An independent child stream named `label`, drawn from this stream's current state. */
  fork(label: string): Random {
    return new Random(this.uint32() * TWO_POW_32 + this.uint32(), label)
  }

  /** Uniform integer in [0, 2^32). */
  uint32(): number {
    return xoshiro128ss(this.s)
  }

  /** Uniform float in [0, 1) with 32 random bits. */
  float(): number {
    return this.uint32() / TWO_POW_32
  }

  /** Uniform float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.float()
  }

  /** Uniform integer in [min, max] (both inclusive; min <= max, span below 2^32). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p
  }

  /** Standard normal variate (Marsaglia polar method; the second variate of each pair is kept for the next call). */
  normal(): number {
    const spare = this.spare[0]!
    if (!Number.isNaN(spare)) {
      this.spare[0] = Number.NaN
      return spare
    }
    let u = 0
    let v = 0
    let s = 0
    do {
      u = 2 * this.float() - 1
      v = 2 * this.float() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const f = Math.sqrt((-2 * Math.log(s)) / s)
    this.spare[0] = v * f
    return u * f
  }

  /** Exponential variate with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean
  }
}
