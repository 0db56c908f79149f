/** One labelled choice of a GET filter form; `anyLabel` adds the empty "all" choice first. */
export function FilterSelect({
  id,
  name,
  label,
  value,
  anyLabel,
  options,
  className = "input",
}: {
  id: string;
  name: string;
  label: string;
  value: string | null | undefined;
  anyLabel?: string;
  options: readonly { value: string; label: string; lang?: string }[];
  className?: string;
}) {
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className={className}>
        {anyLabel === undefined ? null : <option value="">{anyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
