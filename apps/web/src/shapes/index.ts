import { DomainShapeUtil } from './DomainShapeUtil.tsx';
import { OpportunityShapeUtil } from './OpportunityShapeUtil.tsx';
import { OrganisationShapeUtil } from './OrganisationShapeUtil.tsx';
import { PlanShapeUtil } from './PlanShapeUtil.tsx';
import { QuadrantShapeUtil } from './QuadrantShapeUtil.tsx';
import { TimelineShapeUtil } from './TimelineShapeUtil.tsx';

/** The Koppelkansen shapes; their props and migrations come from @koppelbord/board-model. */
export const koppelShapeUtils = [DomainShapeUtil, OrganisationShapeUtil, OpportunityShapeUtil, PlanShapeUtil, QuadrantShapeUtil, TimelineShapeUtil];
