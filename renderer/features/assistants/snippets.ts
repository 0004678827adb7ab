/** The `openai` client using an assistant as its model, against this server's real URL. */
export function assistantSnippet(serverUrl: string, assistantId: string): string {
  const base = serverUrl.replace(/\/+$/, '');
  return [
    "import OpenAI from 'openai';",
    `const client = new OpenAI({ baseURL: '${base}/v1', apiKey: process.env.HEARTH_KEY });`,
    `const reply = await client.chat.completions.create({ model: '${assistantId}', messages: [{ role: 'user', content: 'Hello!' }] });`,
    'console.log(reply.choices[0].message.content, reply.sources);',
  ].join('\n');
}
