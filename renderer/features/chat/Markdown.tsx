import { memo, useRef, useState, type ComponentProps } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { copyText } from '../../components/CopyButton.js';

/** A fenced code block with its own copy button; the text is read at click time, so it is what is shown. */
function CodeBlock(props: ComponentProps<'pre'>) {
  const { node: _node, ...rest } = props as ComponentProps<'pre'> & { node?: unknown };
  const ref = useRef<HTMLPreElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    setState((await copyText(ref.current?.innerText ?? '')) ? 'copied' : 'failed');
    setTimeout(() => setState('idle'), 1500);
  };
  return (
    <div className="code-block">
      <pre ref={ref} {...rest} />
      <button type="button" className="small code-block-copy" onClick={() => void copy()} data-testid="copy-code">
        <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : 'Copy code'}</span>
      </button>
    </div>
  );
}

/** Model output links open outside the app: a new browsing context, which Electron's shell hands to the OS browser. */
function ExternalLink(props: ComponentProps<'a'>) {
  const { node: _node, ...rest } = props as ComponentProps<'a'> & { node?: unknown };
  return <a {...rest} target="_blank" rel="noopener noreferrer" />;
}

const components: Components = { pre: CodeBlock, a: ExternalLink };

/**
 * Model output is untrusted text: Markdown (with GitHub's tables, task lists and strikethrough) and no raw
 * HTML — react-markdown never turns HTML in the text into elements, and rehype-sanitize strips whatever
 * else could run (javascript: links, event attributes). Highlighting runs after sanitizing, on code only.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize, [rehypeHighlight, { detect: false }]]} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
