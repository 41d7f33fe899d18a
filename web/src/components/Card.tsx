import type { ReactNode } from 'react';
import './Card.css';

export interface CardProps {
  title: string;
  /** The heading level that fits the card's place in the page outline. */
  level?: 2 | 3;
  children: ReactNode;
}

/** A titled panel that groups related content. */
export function Card({ title, level = 2, children }: CardProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div className="card">
      <Heading className="card__title">{title}</Heading>
      {children}
    </div>
  );
}
