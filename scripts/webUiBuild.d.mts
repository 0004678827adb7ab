export function webUiStaleReason(root: string): string | null;
export function ensureWebUi(root: string, log?: (line: string) => void): Promise<boolean>;
