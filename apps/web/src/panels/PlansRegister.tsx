import { useValue, type Editor, type TLShapeId } from 'tldraw';
import { couplingMoments, couplingMomentText, planColumnLabels, planRegister, planRegisterToCsv } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { thisYear } from '../editor/plan-placement.ts';
import { messages } from '../i18n/messages.ts';

/**
 * The register's plans: each plan with its years, firmness and owners, then the coupling
 * moments (plans running at the same time; those starting in about two years marked), and the
 * plans as CSV. Live from the store, like the opportunities above it.
 */
export function PlansRegister({ editor, locale, fileName, download }: { editor: Editor; locale: BoardLanguage; fileName: string; download(name: string, type: string, content: string): void }) {
  const t = messages[locale].plans;
  const plans = useValue('plans register', () => planRegister(editor.store.allRecords(), { locale, thisYear: thisYear() }), [editor, locale]);
  const moments = useValue('coupling moments', () => couplingMoments(editor.store.allRecords(), thisYear(), locale), [editor, locale]);
  if (plans.length === 0) return null;
  const zoomTo = (id: string) => {
    editor.select(id as TLShapeId);
    editor.zoomToSelection({ animation: { duration: 200 } });
  };
  return (
    <section className="register-plans" aria-labelledby="register-plans-heading">
      <h3 id="register-plans-heading">{t.registerHeading}</h3>
      <div className="row">
        <button type="button" className="secondary" onClick={() => download(`${fileName}-plannen.csv`, 'text/csv;charset=utf-8', planRegisterToCsv(plans, locale))}>
          {t.csv}
        </button>
      </div>
      <table>
        <thead>
          <tr>
            <th>{planColumnLabels.title[locale]}</th>
            <th>{planColumnLabels.period[locale]}</th>
            <th>{planColumnLabels.firmness[locale]}</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((plan) => (
            <tr key={plan.id} data-plan={plan.id}>
              <td>
                <button type="button" className="link-button" onClick={() => zoomTo(plan.id)}>
                  {plan.title}
                </button>
                {plan.owners.length > 0 && <div className="hint">{plan.owners.join(', ')}</div>}
              </td>
              <td>{plan.periodText}</td>
              <td>{plan.firmnessLabel}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{planColumnLabels.couplingMoments[locale]}</h4>
      <ul data-register-moments>
        {moments.map((moment) => (
          <li key={`${moment.plans[0].id}-${moment.plans[1].id}`}>{moment.inSweetSpot ? `${couplingMomentText(moment)} (${t.inSweetSpot})` : couplingMomentText(moment)}</li>
        ))}
      </ul>
    </section>
  );
}
