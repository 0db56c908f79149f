// A labelled progress bar (native <progress>, so screen readers announce the value).
import { useId } from "react";

export function ProgressBar({
  percent,
  label,
  text,
  className = "",
}: {
  percent: number;
  label: string;
  text: string;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={className}>
      <div className="mb-1 flex flex-wrap justify-between gap-2 text-sm text-slate-800">
        <span id={`${id}-label`} className="font-medium">
          {label}
        </span>
        <span id={`${id}-text`}>{text}</span>
      </div>
      <progress
        max={100}
        value={percent}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-text`}
        className="block h-3 w-full appearance-none overflow-hidden rounded-full bg-slate-200 [&::-moz-progress-bar]:bg-brand-700 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-700"
      >
        {percent} %
      </progress>
    </div>
  );
}
