import { Skeleton } from "@/components/ui/skeleton";
import styles from "./slot-skeleton.module.css";

/** Six placeholders the size of time buttons, while the times load. */
export function SlotSkeleton() {
  return (
    <div className={styles.slots} aria-hidden="true">
      {Array.from({ length: 6 }, (_, i) => (
        <Skeleton key={i} className={styles.slot} />
      ))}
    </div>
  );
}
