const addressInUse = /EADDRINUSE[^\n]*?:(\d+)\s*$/m;

/** Explains why the server process ended, from the last lines it wrote to stderr. */
export function describeStartFailure(stderrLines: readonly string[], exitCode: number | null): string {
  const text = stderrLines.join('\n');
  const busy = addressInUse.exec(text);
  if (busy) {
    return `Port ${busy[1]} is already in use by another program. Stop that program, or give Hearth another port (the port setting or HEARTH_PORT).`;
  }
  // pino writes JSON lines to stderr; the CLI writes its fatal message as plain text.
  const plain = stderrLines.filter((line) => line.trim() !== '' && !line.trimStart().startsWith('{'));
  const last = plain.at(-1) ?? lastLoggedMessage(stderrLines);
  return last ? `The server stopped: ${last}` : `The server stopped with exit code ${exitCode ?? 'unknown'}.`;
}

function lastLoggedMessage(lines: readonly string[]): string | undefined {
  for (const line of [...lines].reverse()) {
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((entry.level ?? 0) >= 50) return entry.err?.message ?? entry.msg;
    } catch {
      // not JSON
    }
  }
  return undefined;
}
