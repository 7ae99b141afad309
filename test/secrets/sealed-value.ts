import { createHash } from 'crypto';

/**
 * A value shaped like kubeseal output (deterministic, not decryptable): base64
 * of a 2-byte length 512, 512 bytes standing for the RSA-encrypted session key
 * (4096-bit, kubeseal's default), then `plaintextBytes` + 16 bytes of AES-GCM
 * ciphertext and tag.
 */
export function sealedValue(seed = 'x', plaintextBytes = 24): string {
  const body: Buffer[] = [];
  let block = createHash('sha256').update(seed).digest();
  for (let n = 0; n < 512 + plaintextBytes + 16; n += block.length) {
    body.push(block);
    block = createHash('sha256').update(block).digest();
  }
  return Buffer.concat([Buffer.from([0x02, 0x00]), Buffer.concat(body).subarray(0, 512 + plaintextBytes + 16)]).toString('base64');
}
