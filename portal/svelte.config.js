// SvelteKit configuration of the portal: a Node server (adapter-node) that also mounts the Hono API.
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build' }),
    // The portal reads the warehouse only through the gateway's snapshot reader, never the engine directly.
    alias: { $warehouse: '../warehouse' },
  },
};

export default config;
