"use client";

export interface FilterOption {
  readonly value: string | number;
  readonly label: string;
  /** Shown on hover, e.g. a recipe's full name behind its compact label. */
  readonly title?: string;
}

/** A labelled drop-down filter whose first choice ("all" by default) clears it. */
export function FilterSelect({
  label,
  name,
  value,
  options,
  onChange,
  allLabel = "all",
}: {
  label: string;
  name: string;
  value: string | number | undefined;
  options: readonly (FilterOption | string)[];
  onChange: (value: string) => void;
  allLabel?: string;
}) {
  return (
    <label>
      {label}
      <select name={name} value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
        <option value="">{allLabel}</option>
        {options.map((o) => {
          const option: FilterOption = typeof o === "string" ? { value: o, label: o } : o;
          return (
            <option key={option.value} value={option.value} title={option.title}>
              {option.label}
            </option>
          );
        })}
      </select>
    </label>
  );
}
