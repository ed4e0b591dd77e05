// Types SvelteKit reads for the whole app.
declare global {
  namespace App {
    interface Error {
      message: string;
    }
  }
}

export {};
