import { memo, type ComponentProps } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { CopyButton } from '../../components/CopyButton.js';

interface HastNode {
  type: string;
  value?: string;
  children?: HastNode[];
}
const textOf = (node: HastNode): string => node.value ?? node.children?.map(textOf).join('') ?? '';

/** A fenced code block with its own copy button, copying the code as shown (the syntax tree's text). */
function CodeBlock(props: ComponentProps<'pre'>) {
  const { node, ...rest } = props as ComponentProps<'pre'> & { node?: HastNode };
  return (
    <div className="code-block">
      <pre {...rest} />
      <span className="code-block-copy">
        <CopyButton text={node ? textOf(node) : ''} label="Copy code" testId="copy-code" />
      </span>
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
