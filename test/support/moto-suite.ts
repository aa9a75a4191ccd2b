/** moto's server for one test file: started before its tests, its endpoint in the environment, stopped after. */
import { type Moto, startMoto } from './moto';

/** Registers the suite's beforeAll and afterAll; call the returned function inside a test for the running server. */
export function motoForSuite(): () => Moto {
  let moto: Moto | undefined;
  const saved = { ...process.env };
  beforeAll(async () => {
    moto = await startMoto();
    Object.assign(process.env, moto.env);
  });
  afterAll(async () => {
    process.env = saved;
    await moto?.stop();
  });
  return () => {
    if (!moto) throw new Error('moto is not running: motoForSuite() registers beforeAll; call the returned function inside a test');
    return moto;
  };
}
