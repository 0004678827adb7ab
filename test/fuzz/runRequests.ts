import http from 'node:http';
import { describeRequest, judgeOutcome } from './judgeOutcome.js';
import type { FuzzRequest } from './mutate.js';
import { fillPlaceholders, sendRequest, type Placeholders } from './sendRequest.js';

export interface Failure {
  request: string;
  problem: string;
}

export interface RunReport {
  failures: Failure[];
  /** How many answers had each status (0: no answer). */
  statuses: Record<number, number>;
  slowestMs: number;
}

/** Sends the requests, `concurrency` at a time, and judges every answer. */
export async function runRequests(baseUrl: string, requests: readonly FuzzRequest[], ids: Placeholders, options: { concurrency: number; bodyLimitBytes: number }): Promise<RunReport> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const report: RunReport = { failures: [], statuses: {}, slowestMs: 0 };
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const outcome = await sendRequest(baseUrl, request, ids, agent);
      report.statuses[outcome.status ?? 0] = (report.statuses[outcome.status ?? 0] ?? 0) + 1;
      report.slowestMs = Math.max(report.slowestMs, outcome.ms);
      const problem = judgeOutcome(request, outcome, options.bodyLimitBytes);
      if (problem) report.failures.push({ request: describeRequest(request, fillPlaceholders(request.path, ids)), problem });
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return report;
}

/** The failures as the assertion prints them, with how to replay the run. */
export function formatFailures(seed: number, failures: readonly Failure[]): string {
  const shown = failures.slice(0, 20).map((failure, index) => `  ${index + 1}. ${failure.problem}\n     ${failure.request.slice(0, 1500)}`);
  return `${failures.length} request(s) failed (replay with HEARTH_FUZZ_SEED=${seed}):\n${shown.join('\n')}${failures.length > 20 ? `\n  … and ${failures.length - 20} more` : ''}`;
}
