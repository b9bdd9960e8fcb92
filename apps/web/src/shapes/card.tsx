import type { CSSProperties, ReactNode } from 'react';
import { HTMLContainer } from 'tldraw';
import { consultationLabel, type ConsultationStatus, type QuadrantClass } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { cardFont, type SvgText } from './svg-text.ts';

/** tldraw's named colours as CSS, for chips and card edges (the canvas theme is light). */
export const colourCss: Record<string, string> = {
  red: '#e03131',
  'light-red': '#ff8787',
  orange: '#f76707',
  yellow: '#f59f00',
  green: '#099268',
  'light-green': '#40c057',
  blue: '#4465e9',
  'light-blue': '#4ba1f1',
  violet: '#ae3ec9',
  'light-violet': '#e085f4',
  grey: '#9fa8b2',
};

/** Chip text on tldraw's colours: dark on the light ones, white on the others. */
const darkTextOn = new Set(['yellow', 'light-red', 'light-green', 'light-blue', 'light-violet', 'grey']);

/** A linked domain on an opportunity card: its colour, with two letters and its name for what colour alone cannot tell. */
export interface DomainChip {
  key: string;
  background: string;
  text: string;
  short: string;
  label: string;
}

export function domainChip(key: string, colour: string, short: string, label: string): DomainChip {
  return { key, background: colourCss[colour] ?? colourCss['grey']!, text: darkTextOn.has(colour) ? '#1b1b1b' : '#fff', short, label };
}

export function DomainChips({ chips }: { chips: DomainChip[] }) {
  return (
    // Hidden from screen readers: the card's announcement names its linked domains already.
    <div className="kb-card__chips" aria-hidden="true">
      {chips.map((chip) => (
        <span key={chip.key} className="kb-chip" data-domain={chip.key} title={chip.label} style={{ background: chip.background, color: chip.text }}>
          {chip.short}
        </span>
      ))}
    </div>
  );
}

export interface CardProps {
  edge: string;
  kind: string;
  title: string;
  /** The largest far-zoom title size at which its longest word fits the card (far-title.ts). */
  titleFit: number;
  children?: ReactNode;
}

/** The card frame the Koppelkansen shapes share: a coloured edge, a kind line, a title. */
export function Card({ edge, kind, title, titleFit, children }: CardProps) {
  // --kb-edge: the far-zoom tint (styles.css) is drawn from the edge colour; --kb-word-fit
  // keeps the far title from splitting a word.
  const style = { borderLeftColor: edge, '--kb-edge': edge, ...(Number.isFinite(titleFit) && { '--kb-word-fit': `${titleFit}px` }) } as CSSProperties;
  return (
    <HTMLContainer className="kb-card" style={style}>
      <div className="kb-card__kind">{kind}</div>
      <div className="kb-card__title">{title}</div>
      {children}
    </HTMLContainer>
  );
}

/** Quadrant-class badge colours (background, text), shared by the card and its SVG export. */
export const badgeColours: Record<QuadrantClass, { background: string; text: string }> = {
  'win-win': { background: '#d3f9d8', text: '#1b5e20' },
  conditional: { background: '#fff3bf', text: '#664d03' },
  'no-regret': { background: '#e7f5ff', text: '#0b3d91' },
  park: { background: '#ffe3e3', text: '#8a1c1c' },
};

export interface CardSvgProps {
  w: number;
  h: number;
  edge: string;
  kind: string;
  title: string;
  lines: string[];
  /** Lays text out as the card's HTML does (see svg-text.ts). */
  layout: SvgText;
  /** Colour chips (an opportunity's linked domains). */
  chips?: DomainChip[];
  /** The badge at the bottom: a quadrant class, or its own colours (a plan's coupling moments). */
  badge?: { label: string; quadrantClass: QuadrantClass } | { label: string; colours: { background: string; text: string } };
}

/** The same card for SVG/PNG export (foreignObject-free, so every exporter renders it). */
export function CardSvg({ w, h, edge, kind, title, lines, layout, chips = [], badge }: CardSvgProps) {
  const badgeColour = badge && ('colours' in badge ? badge.colours : badgeColours[badge.quadrantClass]);
  const width = w - 26;
  const titleLines = layout.lines(title, { fontSize: 16, fontWeight: 'bold', width, maxLines: 2 });
  const textLines = lines.flatMap((line) => layout.lines(line, { fontSize: 13, fontWeight: 'normal', width, maxLines: 1 }));
  const linesTop = 44 + titleLines.length * 19;
  const chipsTop = linesTop + textLines.length * 17 - 6;
  const text = { fontFamily: cardFont, fontSize: 13, fill: '#333' };
  return (
    <g>
      <rect width={w} height={h} rx={8} fill="#fff" stroke="#c4c9cf" />
      <rect width={6} height={h} rx={3} fill={edge} />
      <text x={16} y={22} {...text} fontSize={12} fill="#555">
        {kind}
      </text>
      {titleLines.map((line, index) => (
        <text key={`t${index}`} x={16} y={44 + index * 19} {...text} fontSize={16} fontWeight={700} fill="#1b1b1b">
          {line}
        </text>
      ))}
      {textLines.map((line, index) => (
        <text key={`l${index}`} x={16} y={linesTop + index * 17} {...text}>
          {line}
        </text>
      ))}
      {chips.map((chip, index) => (
        <g key={chip.key} transform={`translate(${16 + index * 26} ${chipsTop})`}>
          <rect width={22} height={16} rx={3} fill={chip.background} />
          <text x={11} y={12} {...text} fontSize={10} fontWeight={700} fill={chip.text} textAnchor="middle">
            {chip.short}
          </text>
        </g>
      ))}
      {badge && (
        <g transform={`translate(16 ${h - 30})`}>
          <rect width={layout.width(badge.label, { fontSize: 12, fontWeight: '600' }) + 16} height={20} rx={10} fill={badgeColour!.background} />
          <text x={8} y={14} {...text} fontSize={12} fontWeight={600} fill={badgeColour!.text}>
            {badge.label}
          </text>
        </g>
      )}
    </g>
  );
}

/** What domain and organisation cards share: contact and consultation status. */
export interface ConsultedCardProps {
  edge: string;
  kind: string;
  title: string;
  titleFit: number;
  contact: string;
  consultation: ConsultationStatus;
  consultedOn: string;
  locale: BoardLanguage;
}

export function ConsultedCard({ edge, kind, title, titleFit, contact, consultation, consultedOn, locale }: ConsultedCardProps) {
  return (
    <Card edge={edge} kind={kind} title={title} titleFit={titleFit}>
      {contact && <div className="kb-card__line">{contact}</div>}
      <div className={`kb-card__status kb-status-${consultation}`}>{consultationLabel(consultation, consultedOn, locale)}</div>
    </Card>
  );
}

/** The export has no far zoom, so no title fit. */
export function ConsultedCardSvg({ w, h, contact, consultation, consultedOn, locale, ...card }: Omit<ConsultedCardProps, 'titleFit'> & { w: number; h: number; layout: SvgText }) {
  return <CardSvg w={w} h={h} {...card} lines={[contact, consultationLabel(consultation, consultedOn, locale)].filter(Boolean)} />;
}
