'use client';

import { useTranslations } from 'next-intl';
import type { Finding } from '@/lib/shared/contract-findings';
import { formatDuration } from '@/lib/shared/countdown';
import { render } from '@/lib/shared/i18n';
import { CopyButton } from '@/components/ui/copy-button';
import { FindingExamples } from '@/components/findings/finding-examples';
import {
  FindingRevoke,
  type FindingActions,
  type RevokeStatus,
} from '@/components/findings/finding-revoke';
import { SeverityBadge } from '@/components/findings/finding-tags';

/** Only web addresses become links: the source is the server's text, never a script to run. */
const isWebAddress = (url: string) => /^https?:\/\//i.test(url);

/**
 * One finding, whole: what it is and why it matters (citing the issue it comes from), what was
 * found, the command that confirms it, what to do, its leases and, where the dashboard may act on
 * them, their revoke. Its id is the kind, so /findings#<kind> lands on it.
 */
export function FindingCard({
  finding,
  now,
  actions,
  onRevoked,
}: {
  finding: Finding;
  /** server time of the answer, ms */
  now: number;
  /** null until the page is given the server actions; then only for findings it may act on */
  actions: FindingActions | null;
  onRevoked: (status: RevokeStatus) => void;
}) {
  const t = useTranslations('findings');
  const tr = useTranslations();
  const { kind, source } = finding;
  const title = t(`kind.${kind}`);
  const headingId = `finding-${kind}-heading`;
  return (
    <section id={kind} className="panel finding" aria-labelledby={headingId}>
      <div className="panel-head">
        <h2 id={headingId}>
          {title} <SeverityBadge severity={finding.severity} />
        </h2>
        <p className="muted small">
          {t('page.since', { ago: formatDuration(Math.max(0, now - finding.since) / 1000, tr) })}
        </p>
      </div>
      <p>
        {t.rich('page.why', {
          why: t(`why.${kind}`),
          title: source.title,
          link: (chunks) =>
            isWebAddress(source.url) ? (
              <a href={source.url} target="_blank" rel="noreferrer">
                {chunks}
              </a>
            ) : (
              chunks
            ),
        })}
      </p>
      <h3>{t('page.summaryHeading')}</h3>
      <p className="finding-summary">{render(tr, finding.summary)}</p>
      <h3>{t('page.confirmHeading')}</h3>
      <div className="confirm-command">
        <code>{finding.confirm}</code>
        <CopyButton text={finding.confirm} label={t('page.copyConfirm', { title })} />
      </div>
      <h3>{t('page.actionHeading')}</h3>
      <p>{t(`action.${kind}`)}</p>
      <FindingExamples finding={finding} title={title} />
      {actions && finding.actionable && (
        <FindingRevoke kind={kind} actions={actions} onDone={onRevoked} />
      )}
    </section>
  );
}
