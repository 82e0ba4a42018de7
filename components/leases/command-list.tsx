import type { Command } from '@/lib/shared/etcdctl';
import { CopyButton } from '@/components/ui/copy-button';

/** The etcdctl command and the Go clientv3 call for each action, each copyable. */
export function CommandList({ commands, title }: { commands: Command[]; title: string }) {
  return (
    <details className="commands">
      <summary>{title}</summary>
      <dl>
        {commands.map((c) => (
          <div key={c.action} className="command">
            <dt>{c.label}</dt>
            <dd>
              <code>{c.etcdctl}</code>
              <CopyButton text={c.etcdctl} label={`Copy the etcdctl command: ${c.label}`} />
            </dd>
            <dd>
              <code>{c.go}</code>
              <CopyButton text={c.go} label={`Copy the Go call: ${c.label}`} />
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
