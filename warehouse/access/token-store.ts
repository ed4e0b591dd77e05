/**
 * API tokens of the restricted tiers and the log of what they read, kept under `<home>/access/`. A token is shown
 * once, when it is created; only the SHA-256 of its secret is stored, so the file leaking does not let anyone in.
 * Secrets are 32 random bytes, which a fast hash protects as well as a slow one would: no one can guess them.
 * A partner token may name the producers that agreed to share with its holder: partner reads are limited to them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const TOKEN_TIERS = ['partner', 'implementer', 'admin'] as const;
export type TokenTier = (typeof TOKEN_TIERS)[number];

const TOKEN_PATTERN = /^veta_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

const StoredToken = z.object({
  token_id: z.string().regex(/^[0-9a-f]{8}$/),
  name: z.string().min(1),
  tier: z.enum(TOKEN_TIERS),
  producers: z.array(z.string()).nullable(),
  secret_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
});
export type StoredToken = z.infer<typeof StoredToken>;

const TokenFile = z.object({ tokens: z.array(StoredToken) });

/** Who a valid token belongs to: what a request carries once it is let in. */
export interface Grant {
  token_id: string;
  name: string;
  tier: TokenTier;
  /** Producers a partner may read at site level; null: every producer (implementer and admin tokens). */
  producers: string[] | null;
}

/** A token that is malformed, unknown or revoked: the API answers 401 and never falls back to the public tier. */
export class TokenRefusedError extends Error {
  override name = 'TokenRefusedError';
}

export interface AccessPaths {
  tokens: string;
  audit: string;
}

export function accessPaths(homeRoot: string): AccessPaths {
  const dir = path.join(homeRoot, 'access');
  return { tokens: path.join(dir, 'tokens.json'), audit: path.join(dir, 'audit.jsonl') };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function readTokens(file: string): Promise<StoredToken[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed = TokenFile.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: at ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data.tokens;
}

async function writeTokens(file: string, tokens: StoredToken[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Written aside and renamed, so a reader never sees half a file; readable by its owner only.
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ tokens }, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

export interface NewToken {
  name: string;
  tier: TokenTier;
  producers?: string[] | null;
}

/** Creates a token and returns it whole: the only time its secret exists outside the holder's hands. */
export async function createToken(paths: AccessPaths, request: NewToken, now = new Date()): Promise<{ token: string; stored: StoredToken }> {
  const tokens = await readTokens(paths.tokens);
  let tokenId: string;
  do tokenId = randomBytes(4).toString('hex');
  while (tokens.some((t) => t.token_id === tokenId));
  const secret = randomBytes(32).toString('base64url');
  const stored = StoredToken.parse({
    token_id: tokenId,
    name: request.name,
    tier: request.tier,
    producers: request.tier === 'partner' ? (request.producers ?? []) : null,
    secret_sha256: sha256(secret),
    created_at: now.toISOString(),
    revoked_at: null,
  });
  await writeTokens(paths.tokens, [...tokens, stored]);
  return { token: `veta_${tokenId}_${secret}`, stored };
}

export async function listTokens(paths: AccessPaths): Promise<StoredToken[]> {
  return readTokens(paths.tokens);
}

/** Revokes a token by id; false when there is no such token. */
export async function revokeToken(paths: AccessPaths, tokenId: string, now = new Date()): Promise<boolean> {
  const tokens = await readTokens(paths.tokens);
  const token = tokens.find((t) => t.token_id === tokenId);
  if (!token) return false;
  token.revoked_at ??= now.toISOString();
  await writeTokens(paths.tokens, tokens);
  return true;
}

/** The grant a presented token carries; throws TokenRefusedError saying why it is refused. */
export async function verifyToken(paths: AccessPaths, presented: string): Promise<Grant> {
  const match = TOKEN_PATTERN.exec(presented);
  if (!match) throw new TokenRefusedError('the token is not a Veta token (veta_<id>_<secret>)');
  const [, tokenId, secret] = match;
  const token = (await readTokens(paths.tokens)).find((t) => t.token_id === tokenId);
  const expected = Buffer.from(token?.secret_sha256 ?? '0'.repeat(64), 'hex');
  const matches = timingSafeEqual(Buffer.from(sha256(secret), 'hex'), expected);
  if (!token || !matches) throw new TokenRefusedError('the token is unknown');
  if (token.revoked_at) throw new TokenRefusedError(`the token was revoked on ${token.revoked_at.slice(0, 10)}`);
  return { token_id: token.token_id, name: token.name, tier: token.tier, producers: token.producers };
}

export interface AuditEntry {
  at: string;
  token_id: string;
  who: string;
  tier: TokenTier;
  method: string;
  path: string;
  status: number;
  snapshot_id: string | null;
}

/** Appends one restricted read to the audit log (one JSON object per line). */
export async function logRestrictedRead(paths: AccessPaths, entry: AuditEntry): Promise<void> {
  await mkdir(path.dirname(paths.audit), { recursive: true });
  await appendFile(paths.audit, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}
