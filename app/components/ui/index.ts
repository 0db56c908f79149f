// The UI kit: the pieces every page shares. Import from "~/components/ui".
export { DataTable, type Column } from "./DataTable";
export { useDateTimeContext, useFormatDateTime } from "./date-time";
export { FactList, type Fact } from "./FactList";
export { FilterSelect } from "./FilterSelect";
export { Notice, type NoticeTone } from "./Notice";
export { PageNav } from "./PageNav";
export { RouteErrorBoundary } from "./RouteErrorBoundary";
export { StatusBadge, type StatusTone } from "./StatusBadge";
export { SubmitButton } from "./SubmitButton";
