import { SimulatorProcess } from '/work/main/bench/simulator-control';
import { FakeAws, HandlerUnderTest } from '/work/main/bench/check-cycle';
import { productNames, ROWS_PER_PAGE } from '/work/main/bench/usage-fixture';
async function main() {
  const sim = await SimulatorProcess.start(50, '/work/main');
  const aws = new FakeAws();
  const now = Date.now();
  try {
    for (const pages of [1, 3, 10]) {
      await sim.configure(pages * ROWS_PER_PAGE, 50);
      const warm = new HandlerUnderTest(aws, productNames(20), sim.frontUrl, 8, now);
      let t = performance.now(); await warm.run(pages * ROWS_PER_PAGE); console.log('warm', pages, performance.now() - t);
      for (const n of [1, 5, 20]) for (const c of [2, 4]) {
        const h = new HandlerUnderTest(aws, productNames(n), sim.frontUrl, c, now);
        await sim.reset();
        const r = await h.run(pages * ROWS_PER_PAGE);
        const s = await sim.stats('front');
        const bound = (1 + Math.max(pages, Math.ceil(n * pages / c))) * 50;
        console.log(n, pages, c, r.ms.toFixed(0), bound, (r.ms / bound).toFixed(2), JSON.stringify(s));
      }
    }
    await sim.configure(10 * ROWS_PER_PAGE, 50);
    const d = new HandlerUnderTest(aws, productNames(20), sim.directUrl, 2, now);
    await sim.reset();
    const r = await d.run(10 * ROWS_PER_PAGE);
    console.log('direct 20x10', r.ms, JSON.stringify(await sim.stats('direct')));
  } finally { aws.restore(); await sim.close(); }
}
main().catch((e) => { console.error(e); process.exit(1); });
