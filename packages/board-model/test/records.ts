/** Plain tldraw records, as the store or a snapshot holds them, for the model's tests. */
import type { BoardRecordLike } from '../src/links.ts';
import { defaultDomainProps } from '../src/shapes/domain.ts';
import { defaultOpportunityProps, type OpportunityShapeProps } from '../src/shapes/opportunity.ts';
import { defaultOrganisationProps } from '../src/shapes/organisation.ts';

export type Rec = BoardRecordLike & Record<string, unknown>;

export function shape(id: string, type: string, props: Record<string, unknown>, extra: Record<string, unknown> = {}): Rec {
  return { id: `shape:${id}`, typeName: 'shape', type, parentId: 'page:page', x: 0, y: 0, rotation: 0, index: 'a1', isLocked: false, opacity: 1, props, meta: {}, ...extra };
}

export function binding(arrowId: string, targetId: string, terminal: 'start' | 'end'): Rec {
  return {
    id: `binding:${arrowId}-${terminal}`,
    typeName: 'binding',
    type: 'arrow',
    fromId: `shape:${arrowId}`,
    toId: `shape:${targetId}`,
    props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
    meta: {},
  };
}

/** An arrow from `from` to `to`, bound at both ends. */
export const arrow = (id: string, from: string, to: string): Rec[] => [shape(id, 'arrow', {}), binding(id, from, 'start'), binding(id, to, 'end')];

export const domain = (id: string, key: string, consultation = 'not-yet', consultedOn = '') =>
  shape(id, 'domain', { ...defaultDomainProps(), w: 200, h: 120, domain: key, consultation, consultedOn });

export const organisation = (id: string, name: string, kind: string, consultation = 'not-yet', consultedOn = '') =>
  shape(id, 'organisation', { ...defaultOrganisationProps(), w: 200, h: 120, name, kind, consultation, consultedOn });

/** 200 × 100, so the tests' quadrant positions are easy to reason about. */
export const opportunity = (id: string, props: Partial<OpportunityShapeProps>, extra: Record<string, unknown> = {}): Rec =>
  shape(id, 'opportunity', { ...defaultOpportunityProps(), w: 200, h: 100, title: '', ...props }, extra);
