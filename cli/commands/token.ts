/** `veta token`: creates, lists and revokes the API tokens of the restricted tiers (partner, implementer, admin). */
import { accessPaths, createToken, listTokens, revokeToken, TOKEN_TIERS, type TokenTier } from '../../warehouse/access/token-store.ts';
import type { Command } from '../command.ts';
import { CliError, UsageError } from '../errors.ts';

export const token: Command = {
  name: 'token',
  summary: 'Create, list or revoke API tokens of the restricted tiers; every restricted read is logged.',
  usage: 'veta token create --tier TIER --name NAME [--producers ID,…] | veta token list | veta token revoke ID',
  help: [
    `  --tier TIER      ${TOKEN_TIERS.join(', ')}: partners (buyers, donors) read site level only for the`,
    '                   producers their token names; implementers and admins read every producer',
    '  --name NAME      who holds the token (written in the audit log of every read)',
    '  --producers IDS  partner tokens: producer ids, comma-separated, that agreed to share with the holder',
    '  --json           print JSON',
    '',
    'The token is printed once, on creation: only its hash is kept (<home>/access/tokens.json). Reads made with',
    'a token are logged in <home>/access/audit.jsonl.',
  ],
  options: { tier: { type: 'string' }, name: { type: 'string' }, producers: { type: 'string' }, json: { type: 'boolean' } },
  positionals: true,
  async run(context) {
    const paths = accessPaths(context.home.root);
    const [action, ...rest] = context.positionals;
    if (action === 'create') {
      const tier = context.values.tier as string | undefined;
      const name = (context.values.name as string | undefined)?.trim();
      if (!tier || !(TOKEN_TIERS as readonly string[]).includes(tier)) throw new UsageError(`--tier expects one of ${TOKEN_TIERS.join(', ')}`);
      if (!name) throw new UsageError('--name expects who holds the token');
      const producers = typeof context.values.producers === 'string' ? context.values.producers.split(',').map((p) => p.trim()).filter(Boolean) : [];
      if (producers.length && tier !== 'partner') throw new UsageError('--producers limits partner tokens only: implementers and admins read every producer');
      const { token: secret, stored } = await createToken(paths, { name, tier: tier as TokenTier, producers });
      if (context.values.json) context.out(JSON.stringify({ token: secret, token_id: stored.token_id, tier: stored.tier, name: stored.name, producers: stored.producers }));
      else {
        context.out(secret);
        context.err(`token ${stored.token_id} (${stored.tier}) for ${stored.name}: keep it safe, it is not shown again`);
      }
      return 0;
    }
    if (action === 'list') {
      const tokens = (await listTokens(paths)).map(({ secret_sha256: _hash, ...shown }) => shown);
      if (context.values.json) context.out(JSON.stringify(tokens));
      else for (const t of tokens) {
        const scope = t.producers ? ` producers ${t.producers.join(',') || '(none)'}` : '';
        context.out(`${t.token_id}  ${t.tier.padEnd(11)}  ${t.name}${scope}  created ${t.created_at.slice(0, 10)}${t.revoked_at ? `  revoked ${t.revoked_at.slice(0, 10)}` : ''}`);
      }
      return 0;
    }
    if (action === 'revoke') {
      const [id] = rest;
      if (!id) throw new UsageError('veta token revoke expects a token id (see `veta token list`)');
      if (!(await revokeToken(paths, id))) throw new CliError(`no token ${id}: see \`veta token list\``);
      context.err(`token ${id} revoked`);
      return 0;
    }
    throw new UsageError(`veta token expects create, list or revoke, got ${action === undefined ? 'nothing' : `"${action}"`}`);
  },
};
