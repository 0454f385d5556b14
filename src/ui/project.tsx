"use client";

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useState,
  type ReactNode,
} from "react";
import { api, describeProblem, paths } from "./api";
import type { ProjectDetail } from "./types";

type ProjectState = {
  id: number;
  detail: ProjectDetail | null;
  error: string | null;
  reload: () => Promise<void>;
};

const ProjectContext = createContext<ProjectState | null>(null);

/** Statuses during which the pipeline is working on the project: the page refreshes itself. */
const WORKING = new Set(["scripting", "voiceover", "composing", "rendering"]);

export function ProjectProvider({
  id,
  children,
}: {
  id: number;
  children: ReactNode;
}) {
  const [detail, setDetail] = useState<ProjectDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setDetail(await api<ProjectDetail>(paths.project(id)));
      setError(null);
    } catch (e) {
      setError(describeProblem(e));
    }
  }, [id]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const working = detail ? WORKING.has(detail.project.status) : false;
  useEffect(() => {
    if (!working) return;
    const t = setInterval(() => void reload(), 3000);
    return () => clearInterval(t);
  }, [working, reload]);
  return (
    <ProjectContext.Provider value={{ id, detail, error, reload }}>
      {children}
    </ProjectContext.Provider>
  );
}

export function useProject() {
  const state = useContext(ProjectContext);
  if (!state) throw new Error("useProject outside ProjectProvider");
  return state;
}
