/** Ready-to-paste uses of a new key against this server's real URL. */
export function keySnippets(serverUrl: string, key: string, model = 'MODEL_ID'): { curl: string; openai: string } {
  const base = serverUrl.replace(/\/+$/, '');
  return {
    curl: [
      `curl ${base}/v1/chat/completions \\`,
      `  -H "Authorization: Bearer ${key}" -H "Content-Type: application/json" \\`,
      `  -d '{"model": "${model}", "messages": [{"role": "user", "content": "Hello!"}]}'`,
    ].join('\n'),
    openai: [
      "import OpenAI from 'openai';",
      `const client = new OpenAI({ baseURL: '${base}/v1', apiKey: '${key}' });`,
      `const reply = await client.chat.completions.create({ model: '${model}', messages: [{ role: 'user', content: 'Hello!' }] });`,
      'console.log(reply.choices[0].message.content);',
    ].join('\n'),
  };
}
