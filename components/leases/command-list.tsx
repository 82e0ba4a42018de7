'use client';

import { useTranslations } from 'next-intl';
import type { Command } from '@/lib/shared/etcdctl';
import { CopyButton } from '@/components/ui/copy-button';

/** The etcdctl command and the Go clientv3 call for each action, each copyable. */
export function CommandList({ commands, title }: { commands: Command[]; title: string }) {
  const t = useTranslations('commands');
  return (
    <details className="commands">
      <summary>{title}</summary>
      <dl>
        {commands.map((c) => {
          const label = t(`actions.${c.action}`);
          return (
            <div key={c.action} className="command">
              <dt>{label}</dt>
              <dd>
                <code>{c.etcdctl}</code>
                <CopyButton text={c.etcdctl} label={t('copyEtcdctl', { label })} />
              </dd>
              <dd>
                <code>{c.go}</code>
                <CopyButton text={c.go} label={t('copyGo', { label })} />
              </dd>
            </div>
          );
        })}
      </dl>
    </details>
  );
}
