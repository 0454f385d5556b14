"use client";

import { createContext, useContext, type ReactNode } from "react";
import { describeProblem } from "./api";
import { useProjectDetail, useRefreshProject } from "./data";
import type { ProjectDetail } from "./types";

type ProjectState = {
  id: number;
  detail: ProjectDetail | null;
  error: string | null;
  reload: () => Promise<unknown>;
};

const ProjectContext = createContext<ProjectState | null>(null);

/** The project every step page shows; it refreshes itself while the pipeline works on it. */
export function ProjectProvider({
  id,
  children,
}: {
  id: number;
  children: ReactNode;
}) {
  const { data, error } = useProjectDetail(id);
  const reload = useRefreshProject(id);
  return (
    <ProjectContext.Provider
      value={{
        id,
        detail: data ?? null,
        error: error ? describeProblem(error) : null,
        reload,
      }}
    >
      {children}
    </ProjectContext.Provider>
  );
}

export function useProject() {
  const state = useContext(ProjectContext);
  if (!state) throw new Error("useProject outside ProjectProvider");
  return state;
}
