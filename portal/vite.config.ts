// Vite configuration of the portal (build and dev server).
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // The warehouse gateway lives beside the portal, outside Vite's root.
  server: { fs: { allow: ['..'] } },
});
