/**
 * The session report's section on plans: every plan with its period, owner and firmness, and
 * the coupling moments (plans running at the same time), those starting in the sweet spot
 * marked. Blocks of report-model.ts, drawn by the archive's HTML and PDF renderers alike.
 */
import type { BoardLanguage } from '@koppelbord/contract';
import { planReportLabels } from './labels.ts';
import type { BoardRecordLike } from './links.ts';
import { planRegister } from './plan-register.ts';
import { couplingMoments, couplingMomentText } from './plans-timeline.ts';
import type { ReportBlock } from './report-model.ts';

export function planBlocks(records: readonly BoardRecordLike[], locale: BoardLanguage, thisYear: number): ReportBlock[] {
  const l = planReportLabels;
  const plans = planRegister(records, { locale, thisYear });
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: l.plans[locale] }];
  if (plans.length === 0) return [...blocks, { kind: 'paragraph', text: l.noPlans[locale] }];
  blocks.push({
    kind: 'list',
    items: plans.map((plan) => [plan.title, plan.periodText, ...plan.owners, plan.firmnessLabel].join(' — ')),
  });
  const moments = couplingMoments(records, thisYear, locale);
  blocks.push({ kind: 'heading', level: 3, text: `${l.couplingMoments[locale]} (${moments.length})` });
  blocks.push(
    moments.length === 0
      ? { kind: 'paragraph', text: l.noCouplingMoments[locale] }
      : { kind: 'list', items: moments.map((moment) => (moment.inSweetSpot ? `${couplingMomentText(moment)} (${l.inSweetSpot[locale]})` : couplingMomentText(moment))) },
  );
  return blocks;
}
