import { DomainShapeUtil } from './DomainShapeUtil.tsx';
import { OpportunityShapeUtil } from './OpportunityShapeUtil.tsx';
import { OrganisationShapeUtil } from './OrganisationShapeUtil.tsx';
import { QuadrantShapeUtil } from './QuadrantShapeUtil.tsx';

/** The Koppelkansen shapes; their props and migrations come from @koppelbord/board-model. */
export const koppelShapeUtils = [DomainShapeUtil, OrganisationShapeUtil, OpportunityShapeUtil, QuadrantShapeUtil];
