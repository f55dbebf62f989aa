// Process entry: the esbuild bundle's entry point and `npm run ardoise`. main.ts stays side-effect free.
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ardoise: crashed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
