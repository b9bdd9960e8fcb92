import { useRef, useState, type FormEvent } from 'react';
import { domainGroupLabels, domains, organisationKinds, type CatalogueEntry } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { deviceIdentity, type Participant } from '../device/storage.ts';
import type { Messages } from '../i18n/messages.ts';
import { randomParticipantColour } from '../sync/participant-colours.ts';
import { useModalDialog } from './modal-dialog.ts';

const otherValue = '__other__';

export interface JoinDialogProps {
  t: Messages;
  locale: BoardLanguage;
  initial: Participant | undefined;
  onJoin(participant: Participant): void;
  onCancel?(): void;
}

/** Name and the domain or organisation the participant speaks for; remembered per device. */
export function JoinDialog({ t, locale, initial, onJoin, onCancel }: JoinDialogProps) {
  const knownKeys = new Set([...domains, ...organisationKinds].map((entry) => entry.key));
  const initialIsKnown = initial ? knownKeys.has(initial.speaksFor) : true;
  const [choice, setChoice] = useState(initial ? (initialIsKnown ? initial.speaksFor : otherValue) : '');
  const [ownText, setOwnText] = useState(initial && !initialIsKnown ? initial.speaksFor : '');
  const dialog = useRef<HTMLFormElement>(null);
  // Escape closes it only when changing one's profile: the first time, joining is the way in.
  useModalDialog(dialog, onCancel);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    const speaksFor = choice === otherValue ? ownText.trim() : choice;
    if (!name || !speaksFor) return;
    onJoin({
      id: deviceIdentity().id,
      name: name.slice(0, 60),
      speaksFor: speaksFor.slice(0, 80),
      colour: initial?.colour ?? randomParticipantColour(),
    });
  }

  const option = (entry: CatalogueEntry) => (
    <option key={entry.key} value={entry.key}>
      {entry[locale]}
    </option>
  );

  return (
    <div className="dialog-backdrop">
      <form ref={dialog} className="dialog" role="dialog" aria-modal="true" aria-labelledby="join-title" onSubmit={submit}>
        <h2 id="join-title">{t.joinTitle}</h2>
        <p>{t.joinIntro}</p>
        <label>
          {t.yourName}
          <input name="name" required maxLength={60} defaultValue={initial?.name ?? ''} autoComplete="name" autoFocus />
        </label>
        <label>
          {t.speaksFor}
          <select required value={choice} onChange={(event) => setChoice(event.target.value)}>
            <option value="" disabled />
            <optgroup label={domainGroupLabels.social[locale]}>{domains.filter((d) => d.group === 'social').map(option)}</optgroup>
            <optgroup label={domainGroupLabels.physical[locale]}>{domains.filter((d) => d.group === 'physical').map(option)}</optgroup>
            <optgroup label={t.organisations}>{organisationKinds.map(option)}</optgroup>
            <option value={otherValue}>{t.other}</option>
          </select>
        </label>
        {choice === otherValue && (
          <label>
            {t.ownDescription}
            <input required maxLength={80} value={ownText} onChange={(event) => setOwnText(event.target.value)} />
          </label>
        )}
        <div className="row">
          <button type="submit">{t.join}</button>
          {onCancel && (
            <button type="button" className="secondary" onClick={onCancel}>
              {t.close}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
