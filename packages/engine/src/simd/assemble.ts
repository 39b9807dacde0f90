import wabtInit from "wabt";
import { simdModuleWat } from "./module-wat";

/** Assembles the SIMD module's text with wabt (a development dependency: only the generator and its test use it). */
export async function assembleSimdModule(sharedMemory: boolean): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat("simd.wat", simdModuleWat(sharedMemory), { simd: true, threads: true });
  try {
    // wabt 1.0.39's validator refuses shared memories even with the threads feature on; V8 validates both
    // variants when it compiles them (gemm-binary.test.ts instantiates each).
    if (!sharedMemory) module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
