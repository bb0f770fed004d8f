// Crockford-style base32 without I, L, O, U: ids and codes survive being read aloud or retyped.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function randomBase32(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  // 256 is a multiple of 32, so `b & 31` is uniform.
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** A random id with a readable prefix, e.g. `mtg_4k2x...`; 20 base32 chars = 100 bits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase32(20)}`;
}

export { randomBase32 };
