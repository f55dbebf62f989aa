// Child-process side of runAsModule (engines.ts): evaluates a ChirpStack v4 codec module in a
// fresh vm context (vm.SourceTextModule needs --experimental-vm-modules, hence a child process),
// refusing any import, then runs the harness expression against its exports and prints JSON.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const [scriptFile, harnessFile] = process.argv.slice(2);
const context = vm.createContext({});
const mod = new vm.SourceTextModule(readFileSync(scriptFile, 'utf8'), { context, identifier: scriptFile });
await mod.link((specifier) => {
  throw new Error(`a standalone codec must not import anything, found import of ${specifier}`);
});
await mod.evaluate({ timeout: 5000 });
context.__codec = mod.namespace;
process.stdout.write(vm.runInContext(readFileSync(harnessFile, 'utf8'), context, { timeout: 5000 }));
