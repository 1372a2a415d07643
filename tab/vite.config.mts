import { defineConfig } from 'vite';

/** The tab, built into tab/dist and served by Conduct under /tab/ (src/http/static-tab.ts). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/tab/',
  // Vite's own JSX transform (oxc) with React's automatic runtime: no React plugin needed.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Teams' webviews are current Edge and Chrome; Safari for Teams on a Mac.
    target: ['chrome111', 'edge111', 'safari16.4', 'firefox114'],
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // Fluent UI marks its modules "use client" for React Server Components; a browser bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3978' } },
});
