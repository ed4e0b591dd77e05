import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { accessPaths, createToken, listTokens, logRestrictedRead, revokeToken, TokenRefusedError, verifyToken } from './token-store.ts';

describe('API tokens', () => {
  it('are shown once and stored as a hash; a valid one grants its tier and producers', async () => {
    const paths = accessPaths(await tempDir());
    const { token, stored } = await createToken(paths, { name: 'Refiner A', tier: 'partner', producers: ['P001', 'P007'] });
    expect(token).toMatch(/^veta_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    const file = await readFile(paths.tokens, 'utf8');
    // The secret (which may itself hold '_') is what follows veta_<8 hex>_.
    expect(file).not.toContain(token.slice('veta_00000000_'.length));
    expect(file).toContain(stored.secret_sha256);
    expect(await verifyToken(paths, token)).toEqual({ token_id: stored.token_id, name: 'Refiner A', tier: 'partner', producers: ['P001', 'P007'] });
    const admin = await createToken(paths, { name: 'ARM data team', tier: 'admin', producers: ['ignored'] });
    expect((await verifyToken(paths, admin.token)).producers).toBeNull();
    expect((await listTokens(paths)).map((t) => t.name)).toEqual(['Refiner A', 'ARM data team']);
  });

  it('refuse malformed, unknown, altered and revoked tokens, saying which', async () => {
    const paths = accessPaths(await tempDir());
    const { token, stored } = await createToken(paths, { name: 'Donor', tier: 'partner' });
    await expect(verifyToken(paths, "' or 1=1 --")).rejects.toThrow(new TokenRefusedError('the token is not a Veta token (veta_<id>_<secret>)'));
    await expect(verifyToken(paths, token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).rejects.toThrow('the token is unknown');
    await expect(verifyToken(paths, token.replace(stored.token_id, '00000000'))).rejects.toThrow('the token is unknown');
    expect(await revokeToken(paths, stored.token_id, new Date('2026-11-02T10:00:00Z'))).toBe(true);
    await expect(verifyToken(paths, token)).rejects.toThrow('the token was revoked on 2026-11-02');
    expect(await revokeToken(paths, 'ffffffff')).toBe(false);
  });

  it('name the file and place of a token file that is not what Veta wrote', async () => {
    const paths = accessPaths(await tempDir());
    await createToken(paths, { name: 'Donor', tier: 'partner' });
    const text = await readFile(paths.tokens, 'utf8');
    await writeFile(paths.tokens, text.replace('"partner"', '"superuser"'));
    await expect(listTokens(paths)).rejects.toThrow(new RegExp(`${paths.tokens.replaceAll('/', '\\/')}: at tokens\\.0\\.tier: `));
  });

  it('log each restricted read as one line', async () => {
    const paths = accessPaths(await tempDir());
    const entry = { at: '2026-11-29T10:00:00.000Z', token_id: 'abcd0123', who: 'Refiner A', tier: 'partner' as const, method: 'GET', path: '/api/v1/sites', status: 200, snapshot_id: null };
    await logRestrictedRead(paths, entry);
    await logRestrictedRead(paths, { ...entry, status: 403 });
    const lines = (await readFile(paths.audit, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.status)).toEqual([200, 403]);
    expect(lines[0]).toEqual(entry);
  });
});
