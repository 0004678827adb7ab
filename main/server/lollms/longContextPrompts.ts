/**
 * The instructions long-context processing sends (longContext.ts): short, because each one is sent
 * again with every chunk and takes room from the text. Called with '' they measure their own cost.
 * @internal
 */
export const system = 'You process a long text in parts. Write only what is asked.';

export const separator = '\n\n';

export const instructions = {
  whole: (prompt: string, text: string) => `Text:\n${text}\n\nTask: ${prompt}`,
  chunk: (prompt: string, chunk: string) => `Part of a longer text:\n${chunk}\n\nWrite brief notes on this part for this task: ${prompt}`,
  notes: (prompt: string, notes: string) => `Notes on consecutive parts of a longer text:\n${notes}\n\nMerge them into shorter notes for this task: ${prompt}`,
  allNotes: (prompt: string, notes: string) => `Notes on a longer text, in order:\n${notes}\n\nUsing them, do this task: ${prompt}`,
};

export type Instruction = keyof typeof instructions;
