import { describe, expect, it } from 'vitest';
import { accessPaths, verifyToken } from '../../warehouse/access/token-store.ts';
import { runCli } from '../../tests/helpers/demo-home.ts';
import { tempHome } from '../../tests/helpers/temp-home.ts';

describe('veta token', () => {
  it('creates a token that verifies, lists it without its secret, and revokes it', async () => {
    const home = await tempHome();
    const created = await runCli(['token', 'create', '--home', home.root, '--tier', 'partner', '--name', 'Refiner A', '--producers', 'P001, P007', '--json']);
    expect(created.code).toBe(0);
    const { token, token_id } = JSON.parse(created.out[0]) as { token: string; token_id: string };
    expect(await verifyToken(accessPaths(home.root), token)).toMatchObject({ tier: 'partner', producers: ['P001', 'P007'] });

    const listed = await runCli(['token', 'list', '--home', home.root]);
    expect(listed.out).toEqual([expect.stringMatching(new RegExp(`^${token_id}  partner      Refiner A producers P001,P007  created \\d{4}-\\d\\d-\\d\\d$`))]);
    expect(listed.out.join()).not.toContain(token.slice(14));

    expect((await runCli(['token', 'revoke', token_id, '--home', home.root])).code).toBe(0);
    await expect(verifyToken(accessPaths(home.root), token)).rejects.toThrow(/revoked/);
    expect((await runCli(['token', 'list', '--home', home.root])).out[0]).toMatch(/revoked \d{4}-/);
  });

  it('refuses what it cannot do, with exit code 2 for usage and 1 for an unknown token', async () => {
    const home = await tempHome();
    const cases: [string[], number, RegExp][] = [
      [['token', 'create', '--tier', 'owner', '--name', 'x'], 2, /--tier expects one of partner, implementer, admin/],
      [['token', 'create', '--tier', 'admin'], 2, /--name expects who holds the token/],
      [['token', 'create', '--tier', 'admin', '--name', 'x', '--producers', 'P1'], 2, /limits partner tokens only/],
      [['token', 'revoke', 'deadbeef'], 1, /no token deadbeef/],
      [['token', 'grant'], 2, /expects create, list or revoke, got "grant"/],
    ];
    for (const [argv, code, message] of cases) {
      const result = await runCli([...argv, '--home', home.root]);
      expect(result.code).toBe(code);
      expect(result.err.join('\n')).toMatch(message);
    }
  });
});
