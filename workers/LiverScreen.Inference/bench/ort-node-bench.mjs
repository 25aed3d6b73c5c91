// The other side of `liverscreen bench inference`: the same model, input and thread count through onnxruntime-node
// (Microsoft's own Node binding over the same libonnxruntime.so.1), driven over stdin so the C# side can interleave
// rounds with its own runs on a shared, noisy machine.
//   node ort-node-bench.mjs <onnxruntime-node dir> <model.onnx> <input.f32> <inputName> <dims,comma,separated> <threads>
// stdin:  "run N"  -> prints one JSON line {"ms":[...]} with N wall-clock times of session.run (ms)
//         "quit"   -> exits
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [ortDir, modelPath, inputPath, inputName, dimsText, threadsText] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const ort = require(ortDir);
const dims = dimsText.split(',').map(Number);
const raw = readFileSync(inputPath);
const data = new Float32Array(raw.byteLength / 4);
new Uint8Array(data.buffer).set(raw);
const threads = Number(threadsText);
const session = await ort.InferenceSession.create(modelPath, {
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
  executionProviders: ['cpu'],
  logSeverityLevel: 3,
});
const feeds = { [inputName]: new ort.Tensor('float32', data, dims) };
console.log(JSON.stringify({ ready: true, version: ort.env.versions?.common ?? 'unknown' }));

const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'quit') break;
  if (cmd === 'run') {
    const ms = [];
    for (let i = 0; i < Number(arg); i++) {
      const t0 = process.hrtime.bigint();
      const out = await session.run(feeds);
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!out) throw new Error('no output');
    }
    console.log(JSON.stringify({ ms }));
  }
}
await session.release();
process.exit(0);
