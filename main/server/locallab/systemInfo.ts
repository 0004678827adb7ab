import os from 'node:os';
import type { Context } from 'koa';
import type { LocalLabSystemInfo } from '../../../common/api/locallab.js';
import type { LocalLab } from './context.js';

/** Busy share of all cores since the previous call (or since boot on the first), in percent. */
function cpuUsage(previous: { idle: number; total: number }): { percent: number; now: { idle: number; total: number } } {
  const now = os.cpus().reduce(
    (sum, cpu) => {
      const total = Object.values(cpu.times).reduce((a, b) => a + b, 0);
      return { idle: sum.idle + cpu.times.idle, total: sum.total + total };
    },
    { idle: 0, total: 0 },
  );
  const total = now.total - previous.total;
  const percent = total > 0 ? Math.round((1 - (now.idle - previous.idle) / total) * 1000) / 10 : 0;
  return { percent, now };
}

/** GET /system/info: CPU, memory, GPU, loaded models and uptime, from node:os and the engine. */
export function systemInfo({ services, current }: LocalLab) {
  let lastCpu = { idle: 0, total: 0 };
  return async function localLabSystemInfo(ctx: Context): Promise<void> {
    const usage = cpuUsage(lastCpu);
    lastCpu = usage.now;
    const cpus = os.cpus();
    const [models, active, hardware] = await Promise.all([services.engine.listModels(), current.find(), services.engine.hardware()]);
    const loaded = models.filter((m) => m.state === 'loaded');
    const total = os.totalmem();
    const free = os.freemem();
    const { gpu } = hardware;
    ctx.body = {
      cpu: { model: cpus[0]?.model.trim() ?? 'unknown', cores: os.availableParallelism(), usage_percent: usage.percent, load_average: os.loadavg() },
      memory: { total_bytes: total, free_bytes: free, used_bytes: total - free, percent: Math.round(((total - free) / total) * 1000) / 10 },
      gpu: gpu && {
        backend: gpu.backend,
        devices: gpu.devices,
        vram_total_bytes: gpu.vramTotalBytes,
        vram_used_bytes: gpu.vramUsedBytes,
        vram_free_bytes: gpu.vramFreeBytes,
        vram_used_by_models_bytes: loaded.reduce((sum, m) => sum + (m.loaded?.vramBytes ?? 0), 0),
      },
      platform: { os: os.platform(), release: os.release(), arch: os.arch(), node: process.version },
      active_model: active?.id ?? null,
      loaded_models: loaded.map((m) => m.id),
      uptime: Math.round(process.uptime()),
      timestamp: new Date().toISOString(),
    } satisfies LocalLabSystemInfo;
  };
}
