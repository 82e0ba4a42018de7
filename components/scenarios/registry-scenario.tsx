'use client';

import { registryAction } from '@/app/scenario-actions';
import { StepButton, type Props } from '@/components/scenarios/scenario-step';

export function Registry({ data }: Props) {
  const { registry } = data;
  return (
    <section className="panel scenario" aria-labelledby="registry-heading">
      <h2 id="registry-heading">Service registration</h2>
      <p className="muted">
        Each instance of the <code>web</code> service puts its address under{' '}
        <code>{registry.prefix}</code> with a 5 s lease it keeps alive. Crash one: its keep-alive
        stops, nothing is revoked, and it drops out of the registry when its lease runs out.
      </p>
      <div className="stage-actions">
        <StepButton action={() => registryAction({ op: 'register' })}>
          Register an instance
        </StepButton>
        <StepButton action={() => registryAction({ op: 'reset' })}>Reset the registry</StepButton>
      </div>
      <div className="grid">
        <div>
          <h3>Instances</h3>
          <ul className="keys">
            {registry.instances.map((i) => (
              <li key={i.name} aria-label={`Instance ${i.name}`}>
                <code>{i.name}</code>{' '}
                {i.crashed ? <span className="badge badge-expired">crashed</span> : null}{' '}
                <StepButton
                  action={() => registryAction({ op: 'crash', instance: i.name })}
                  unavailable={i.crashed}
                  className="danger"
                >
                  Crash
                </StepButton>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>The registry, as readers see it</h3>
          <ul className="keys" aria-label="Live instances">
            {registry.live.length === 0 && <li className="muted">no live instances</li>}
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
