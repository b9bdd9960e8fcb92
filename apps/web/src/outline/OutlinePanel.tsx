import { useEffect, useRef, useState } from 'react';
import type { Editor } from 'tldraw';
import type { BoardLanguage } from '@koppelbord/contract';
import type { CommentAuthor } from '@koppelbord/board-model';
import { addCard } from '../editor/add-cards.ts';
import { messages } from '../i18n/messages.ts';
import { DeleteCardDialog } from './DeleteCardDialog.tsx';
import { DomainSection } from './DomainSection.tsx';
import { OpportunitySection } from './OpportunitySection.tsx';
import { OrganisationSection } from './OrganisationSection.tsx';
import { PlanSection } from './PlanSection.tsx';
import type { OutlineControls, OutlineKind } from './outline-controls.ts';
import type { OutlineEntry } from './outline-entries.ts';
import { outlineSectionId } from './OutlineSection.tsx';

/** The sections in their order on the page (and in the jump links above them). */
const sectionKinds: readonly OutlineKind[] = ['domain', 'organisation', 'opportunity', 'plan'];

const isOutlineKind = (type: string): type is OutlineKind => (sectionKinds as readonly string[]).includes(type);

export interface OutlinePanelProps {
  editor: Editor;
  locale: BoardLanguage;
  /** Who acts here: their votes, their comments, and a new domain card starts as their own domain (as from the toolbar). */
  participant: CommentAuthor;
  readOnly: boolean;
}

interface PendingDeletion {
  entry: OutlineEntry;
  kind: OutlineKind;
}

/**
 * The board without the canvas: each kind of card as a section of lists and forms, for the
 * keyboard and screen readers. Everything goes through the tldraw editor like an edit on the
 * canvas (addCard, the card panel's forms, arrows for links, the quadrant placement for a
 * class, deleteShapes), so it syncs and shows on everyone's canvas. What it did is said in a
 * live region.
 */
export function OutlinePanel({ editor, locale, participant, readOnly }: OutlinePanelProps) {
  const t = messages[locale];
  const [editing, setEditing] = useState<OutlineControls['editing']>(null);
  const [deleting, setDeleting] = useState<PendingDeletion | null>(null);
  const [status, setStatus] = useState({ text: '', serial: 0 });
  // After a deletion the Delete button is gone: the focus goes to its section's Add button.
  const [focusAdd, setFocusAdd] = useState<OutlineKind | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!focusAdd) return;
    panel.current?.querySelector<HTMLElement>(`[data-outline-section="${focusAdd}"] .outline-add`)?.focus();
    setFocusAdd(null);
  }, [focusAdd]);

  // The same words twice in a row still change the region (a no-break space), so they are said again.
  const announce = (text: string) => setStatus((current) => ({ text, serial: current.serial + 1 }));

  const controls: OutlineControls = {
    editor,
    locale,
    t,
    participant,
    readOnly,
    editing,
    setEditing,
    add(kind) {
      const id = addCard(editor, kind, participant.speaksFor);
      setEditing({ id, focus: true });
      announce(t.outline.added[kind]);
    },
    askDelete(entry) {
      const kind = editor.getShape(entry.id)?.type;
      if (!kind || !isOutlineKind(kind)) return;
      setDeleting({ entry, kind });
    },
  };

  const confirmDeletion = ({ entry, kind }: PendingDeletion) => {
    editor.markHistoryStoppingPoint('delete from outline');
    editor.deleteShapes([entry.id]);
    if (editing?.id === entry.id) setEditing(null);
    setDeleting(null);
    setFocusAdd(kind);
    announce(t.outline.deleted(entry.name));
  };

  return (
    <div ref={panel} className="outline">
      <p className="hint">{readOnly ? t.outline.readOnly : t.outline.intro}</p>
      <p role="status" className="outline-status">
        {status.text}
        {status.serial % 2 === 1 ? '\u00a0' : ''}
      </p>
      {/* Past a long list of domains in one step: a link to each section. */}
      <nav aria-label={t.outline.jumpTo} className="outline-jump">
        <ul>
          {sectionKinds.map((kind) => (
            <li key={kind}>
              <a href={`#${outlineSectionId(kind)}`}>{t.outline.sections[kind]}</a>
            </li>
          ))}
        </ul>
      </nav>
      <DomainSection controls={controls} />
      <OrganisationSection controls={controls} />
      <OpportunitySection controls={controls} />
      <PlanSection controls={controls} />
      {deleting && (
        <DeleteCardDialog kind={deleting.kind} name={deleting.entry.name} t={t} locale={locale} onConfirm={() => confirmDeletion(deleting)} onClose={() => setDeleting(null)} />
      )}
    </div>
  );
}
