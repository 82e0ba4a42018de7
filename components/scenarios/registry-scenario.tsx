'use client';

import { useTranslations } from 'next-intl';
import { registryAction } from '@/app/scenario-actions';
import { StepButton, type Props } from '@/components/scenarios/scenario-step';

export function Registry({ data }: Props) {
  const t = useTranslations('registry');
  const { registry } = data;
  return (
    <section className="panel scenario" aria-labelledby="registry-heading">
      <h2 id="registry-heading">{t('heading')}</h2>
      <p className="muted">
        {t.rich('intro', { prefix: registry.prefix, code: (c) => <code>{c}</code> })}
      </p>
      <div className="stage-actions">
        <StepButton action={() => registryAction({ op: 'register' })}>{t('register')}</StepButton>
        <StepButton action={() => registryAction({ op: 'reset' })}>{t('reset')}</StepButton>
      </div>
      <div className="grid">
        <div>
          <h3>{t('instances')}</h3>
          <ul className="keys">
            {registry.instances.map((i) => (
              <li key={i.name} aria-label={t('instance', { name: i.name })}>
                <code>{i.name}</code>{' '}
                {i.crashed ? <span className="badge badge-expired">{t('crashed')}</span> : null}{' '}
                <StepButton
                  action={() => registryAction({ op: 'crash', instance: i.name })}
                  unavailable={i.crashed}
                  className="danger"
                >
                  {t('crash')}
                </StepButton>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>{t('asReadersSeeIt')}</h3>
          <ul className="keys" aria-label={t('live')}>
            {registry.live.length === 0 && <li className="muted">{t('noLive')}</li>}
            {registry.live.map((l) => (
              <li key={l.key}>
                <code>{l.key}</code>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
